// The pages' only script beside Bootstrap's, loaded from a file: the CSP allows no inline script.
// A form with data-confirm asks before it is sent (closing a round cannot be undone).
document.addEventListener("submit", function (event) {
  var question = event.target.getAttribute && event.target.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
