// Progressive enhancement only: every page works without JavaScript.
document.querySelectorAll("[data-confirm]").forEach((element) => {
  element.addEventListener("click", (event) => {
    if (!window.confirm(element.dataset.confirm)) {
      event.preventDefault();
    }
  });
});

// A form sent back with errors: move the focus to its summary, whose links lead to each field.
// Following a link of the summary puts the focus in the field (browsers only scroll to it).
const errorSummary = document.querySelector("[data-error-summary]");
if (errorSummary) {
  errorSummary.focus();
  errorSummary.querySelectorAll("a[href^='#']").forEach((link) => {
    link.addEventListener("click", (event) => {
      const target = document.getElementById(link.getAttribute("href").slice(1));
      const field = target && (target.matches("input, select, textarea") ? target : target.querySelector("input, select, textarea"));
      if (field) {
        event.preventDefault();
        field.focus();
        (target.closest(".form-field") || target).scrollIntoView({ block: "center" });
      }
    });
  });
}
