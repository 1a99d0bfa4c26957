"""Browser steps every role's flows share."""
from playwright.sync_api import expect


def confirm(page, *says: str) -> None:
    """The confirmation dialog an irreversible action opens (static/js/app.js): it says what will
    happen and what cannot be undone (each of `says`), and the action goes on only from its button."""
    dialog = page.locator("#confirm-dialog")
    expect(dialog).to_be_visible()
    for text in says:
        expect(dialog).to_contain_text(text)
    dialog.locator("#confirm-go").click()
