// A searchable multi-select (Tom Select, from the django-tomselect package) on every
// <select multiple data-searchable>. Without JavaScript the native list stays and works.
// The widget's words come from the select's data attributes, in the page's language; the
// field's help text and errors stay announced (aria-describedby, aria-invalid).
document.querySelectorAll("select[data-searchable]").forEach((select) => {
  if (typeof window.TomSelect !== "function") {
    return;
  }
  const words = select.dataset;
  const escape = (text) => {
    const span = document.createElement("span");
    span.textContent = text;
    return span.innerHTML;
  };
  const control = new window.TomSelect(select, {
    plugins: { remove_button: { title: words.removeLabel, label: "×" } },
    maxOptions: null,
    hidePlaceholder: true,
    placeholder: words.placeholder,
    closeAfterSelect: false,
    render: {
      no_results: () => `<div class="no-results">${escape(words.noResults)}</div>`,
    },
  });
  // The original list stays in the page for the form, out of reach (Tom Select made it unfocusable):
  // assistive technologies meet the field once, as the combobox its label now names.
  select.setAttribute("aria-hidden", "true");
  const input = control.control_input;
  ["aria-describedby", "aria-invalid"].forEach((name) => {
    if (select.hasAttribute(name)) {
      input.setAttribute(name, select.getAttribute(name));
    }
  });
  const relabel = () => {
    control.control.querySelectorAll(".item").forEach((item) => {
      const option = control.options[item.dataset.value];
      const button = item.querySelector("button");
      if (option && button) {
        button.setAttribute("aria-label", `${words.removeLabel} ${option.text}`);
      }
    });
  };
  relabel();
  control.on("item_add", relabel);
  if (select.classList.contains("is-invalid")) {
    control.wrapper.classList.add("is-invalid");
  }
});
