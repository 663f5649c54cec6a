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
  // The day's grid: a free cell is a link that fills the form (without JavaScript too). Here,
  // choosing a first and then a last free cell of one desk (or dragging over them with a
  // mouse) fills the form with that range and scrolls to it; the same cell twice books just it.
  const grid = document.querySelector(".desk-grid");
  const bookForm = document.getElementById("book");
  const desk = document.getElementById("desk");
  const status = document.getElementById("pick-status");
  if (grid && bookForm && desk && start && end && custom) {
    const cellOf = (event) => event.target.closest && event.target.closest("a.book-cell");
    const arg = (link, name) => new URL(link.href).searchParams.get(name);
    let first = null;
    let drag = null;
    let dragged = null;
    let skipClick = false;
    const cellsBetween = (a, b) => {
      // The cells from a to b on one desk's row, or null when the row differs or one is not free.
      const row = a.closest("tr");
      if (row !== b.closest("tr")) return null;
      const tds = Array.from(row.cells);
      const [i, j] = [tds.indexOf(a.parentElement), tds.indexOf(b.parentElement)].sort((x, y) => x - y);
      const picked = tds.slice(i, j + 1);
      return picked.every((td) => td.querySelector("a.book-cell")) ? picked : null;
    };
    const mark = (tds) => {
      for (const td of grid.querySelectorAll("td.picked")) td.classList.remove("picked");
      for (const td of tds) td.classList.add("picked");
    };
    const say = (template, values) => {
      if (!status || !template) return;
      status.textContent = template.replace(/\{(\w+)\}/g, (_m, key) => values[key]);
    };
    const fill = (tds) => {
      const firstLink = tds[0].querySelector("a.book-cell");
      const lastLink = tds[tds.length - 1].querySelector("a.book-cell");
      desk.value = arg(firstLink, "desk");
      start.value = arg(firstLink, "start");
      end.value = arg(lastLink, "end");
      custom.checked = true;
      mark(tds);
      return [start.value, end.value];
    };
    const choose = (tds) => {
      const [from, until] = fill(tds);
      first = null;
      say(status && status.dataset.range, { start: from, end: until });
      bookForm.scrollIntoView({ behavior: "smooth", block: "start" });
    };
    grid.addEventListener("click", (event) => {
      const link = cellOf(event);
      if (!link) return;
      event.preventDefault();
      if (skipClick) { skipClick = false; return; }
      const range = first && cellsBetween(first, link);
      if (range) { choose(range); return; }
      first = link;
      const [from] = fill([link.parentElement]);
      say(status && status.dataset.first, { time: from });
    });
    // Dragging with a mouse (on a touch screen a drag scrolls the grid: tap twice instead).
    grid.addEventListener("pointerdown", (event) => {
      const link = cellOf(event);
      skipClick = false;
      if (!link || event.pointerType !== "mouse" || event.button !== 0) return;
      drag = link;
      dragged = null;
    });
    grid.addEventListener("pointerover", (event) => {
      const link = cellOf(event);
      if (!drag || !link || link === drag) return;
      const range = cellsBetween(drag, link);
      if (range) { mark(range); dragged = range; }
    });
    grid.addEventListener("dragstart", (event) => { if (cellOf(event)) event.preventDefault(); });
    document.addEventListener("pointerup", () => {
      if (drag && dragged) {
        choose(dragged);
        skipClick = true; // the click that ends the drag, if any, is not a tap
        setTimeout(() => { skipClick = false; }, 0);
      }
      drag = null;
      dragged = null;
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
  // The booking form's guests: shown only while a meeting room is chosen (without JavaScript
  // the field is always there, marked "meeting rooms only").
  const roomGuests = document.querySelector(".room-guests[data-rooms]");
  const deskSelect = document.getElementById("desk");
  if (roomGuests && deskSelect) {
    const rooms = new Set(roomGuests.dataset.rooms.split(" "));
    const toggle = () => { roomGuests.hidden = !rooms.has(deskSelect.value); };
    deskSelect.addEventListener("change", toggle);
    toggle();
  }
  // The language menu applies the choice at once.
  const language = document.getElementById("language-switch");
  if (language) language.addEventListener("change", () => language.form.submit());
});
