"""Browser steps every role's flows share."""
from playwright.sync_api import expect


def confirmed(page, button, *says: str) -> None:
    """Press `button` (a selector or a locator) of an irreversible action and confirm it in the
    dialog it opens (static/js/app.js), which says what will happen and what cannot be undone
    (each of `says`). The page's scripts are loaded first: pressed before, the form would go
    without asking."""
    button = page.locator(button) if isinstance(button, str) else button
    expect(button).to_be_visible()  # on the page that has it, whose scripts then finish loading
    page.wait_for_load_state("load")
    button.click()
    dialog = page.locator("#confirm-dialog")
    expect(dialog).to_be_visible()
    for text in says:
        expect(dialog).to_contain_text(text)
    dialog.locator("#confirm-go").click()
