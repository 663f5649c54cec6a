// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Choosing a custom start or end time selects "Choose times".
  const custom = document.querySelector('input[name="period"][value="custom"]');
  for (const id of ["start", "end"]) {
    const select = document.getElementById(id);
    if (select && custom) select.addEventListener("change", () => { custom.checked = true; });
  }
  // Copy buttons (shown only when the clipboard can be used).
  for (const button of document.querySelectorAll("button[data-copy]")) {
    const input = document.getElementById(button.dataset.copy);
    if (!input || !navigator.clipboard) continue;
    button.hidden = false;
    button.addEventListener("click", async () => {
      await navigator.clipboard.writeText(input.value);
      button.textContent = button.dataset.copied;
    });
  }
  // The language menu applies the choice at once.
  const language = document.getElementById("language-switch");
  if (language) language.addEventListener("change", () => language.form.submit());
});
