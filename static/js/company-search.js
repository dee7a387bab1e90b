// Signup page: suggests member companies as one types their name (three letters at least), and the
// company of the email address's domain. Progressive enhancement only: without JavaScript, the name
// or SIREN typed is resolved when the form is sent. The server writes every message (in the page's
// language); this script only places them.
const companyInput = document.querySelector("input[data-company-search]");

if (companyInput) {
  const searchUrl = companyInput.dataset.companySearch;
  const minLength = 3;
  const options = document.createElement("datalist");
  options.id = `${companyInput.id}_options`;
  companyInput.setAttribute("list", options.id);
  const status = document.createElement("p");
  status.className = "form-text mb-0";
  status.id = `${companyInput.id}_status`;
  status.setAttribute("role", "status");
  const suggestion = document.createElement("div");
  suggestion.className = "mt-2";
  companyInput.after(options, status, suggestion);
  companyInput.setAttribute(
    "aria-describedby",
    [companyInput.getAttribute("aria-describedby"), status.id].filter(Boolean).join(" "),
  );

  const ask = async (params) => {
    try {
      const response = await fetch(`${searchUrl}?${new URLSearchParams(params)}`, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      // Refused (too many searches, for instance): the typed text is still resolved on sending.
      return response.ok ? await response.json() : null;
    } catch {
      return null;
    }
  };

  let timer;
  companyInput.addEventListener("input", () => {
    window.clearTimeout(timer);
    const text = companyInput.value.trim();
    if (text.length < minLength) {
      options.replaceChildren();
      status.textContent = "";
      return;
    }
    timer = window.setTimeout(async () => {
      const data = await ask({ q: text });
      if (!data || companyInput.value.trim() !== text) {
        return;
      }
      options.replaceChildren(
        ...data.results.map((company) => {
          const option = document.createElement("option");
          option.value = company.name;
          return option;
        }),
      );
      status.textContent = data.message;
    }, 250);
  });

  // The company of the address's domain, offered as a button while the field is empty.
  const emailInput = companyInput.form && companyInput.form.querySelector("input[type=email]");
  if (emailInput) {
    emailInput.addEventListener("change", async () => {
      suggestion.replaceChildren();
      const email = emailInput.value.trim();
      if (!email.includes("@") || companyInput.value.trim()) {
        return;
      }
      const data = await ask({ email });
      if (!data || !data.suggested || companyInput.value.trim()) {
        return;
      }
      const button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-outline-primary btn-sm";
      button.textContent = data.suggested.label;
      button.addEventListener("click", () => {
        companyInput.value = data.suggested.name;
        suggestion.replaceChildren();
        companyInput.focus();
      });
      suggestion.append(button);
    });
  }
}
