import sys; sys.path.insert(0, "tests/e2e")
from conftest import *
from playwright.sync_api import sync_playwright
port=free_port(); proc=start_server(port, log=Path("/tmp/st.log"))
try:
  with sync_playwright() as p:
    b=p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    pg=b.new_page(viewport={"width":1400,"height":1000})
    pg.goto(f"http://127.0.0.1:{port}/"); pg.wait_for_selector("text=Parameters", timeout=60000); wait_idle(pg)
    pg.screenshot(path="/tmp/s1.png", full_page=True)
    pg.get_by_test_id("stSelectbox").filter(has_text="Model").click()
    pg.get_by_role("option", name="resnet50", exact=True).click()
    pg.wait_for_selector("text=25,557,032"); wait_idle(pg)
    pg.screenshot(path="/tmp/s2.png", full_page=False)
finally:
  proc.terminate()
