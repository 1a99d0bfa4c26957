"""Counting the SQL statements of a page, for the tests that hold pages to a fixed number."""
from sqlalchemy import event

from elections.extensions import db


def statements(app, client, url: str) -> tuple[list[str], str]:
    """The SQL statements one GET of `url` runs, in a fresh app context (a fresh session, as in
    production: nothing cached from the test's own queries), and the page."""
    seen = []

    def count(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            response = client.get(url)
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
    assert response.status_code == 200, url
    return seen, response.get_data(as_text=True)
