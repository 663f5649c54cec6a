// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // The booking form: choosing a part of the day shows its times in From/Until (the server
  // sets them for the preselected one); changing From or Until selects "Choose times".
  const custom = document.querySelector('input[name="period"][value="custom"]');
  const start = document.getElementById("start");
  const end = document.getElementById("end");
  for (const select of [start, end]) {
    if (select && custom) select.addEventListener("change", () => { custom.checked = true; });
  }
  for (const preset of document.querySelectorAll('input[name="period"][data-start]')) {
    preset.addEventListener("change", () => {
      if (!preset.checked || !start || !end) return;
      start.value = preset.dataset.start;
      end.value = preset.dataset.end;
    });
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
