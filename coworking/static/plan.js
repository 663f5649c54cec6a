// The members' plan view: zoom only (buttons, Ctrl + wheel or a trackpad's pinch, two fingers
// on a touch screen). Without this file the plan fits the page's width and every desk is a link.
document.addEventListener("DOMContentLoaded", () => {
  const box = document.querySelector(".plan-scroll");
  const svg = box && box.querySelector("svg.floor-plan");
  const buttons = document.querySelector(".plan-zoom");
  if (!box || !svg || !buttons) return;
  const MIN = 1;
  const MAX = 4;
  let zoom = 1;
  // Zoom by widening the SVG inside its scrolling box (CSSOM, which the CSP allows), keeping
  // the point under (x, y) in place; the box's own scrolling pans.
  const setZoom = (value, x = box.clientWidth / 2, y = box.clientHeight / 2) => {
    const next = Math.min(MAX, Math.max(MIN, value));
    if (next === zoom) return;
    const ratio = next / zoom;
    const left = (box.scrollLeft + x) * ratio - x;
    const top = (box.scrollTop + y) * ratio - y;
    zoom = next;
    svg.style.width = `${zoom * 100}%`;
    box.scrollLeft = left;
    box.scrollTop = top;
    buttons.querySelector('[data-zoom="out"]').disabled = zoom <= MIN;
    buttons.querySelector('[data-zoom="in"]').disabled = zoom >= MAX;
  };
  buttons.hidden = false;
  buttons.querySelector('[data-zoom="out"]').disabled = true;
  buttons.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-zoom]");
    if (!button) return;
    const how = button.dataset.zoom;
    setZoom(how === "in" ? zoom * 1.5 : how === "out" ? zoom / 1.5 : 1);
  });
  const at = (event) => {
    const rect = box.getBoundingClientRect();
    return [event.clientX - rect.left, event.clientY - rect.top];
  };
  box.addEventListener("wheel", (event) => {
    if (!event.ctrlKey) return; // a plain wheel scrolls the page as usual
    event.preventDefault();
    setZoom(zoom * Math.exp(-event.deltaY / 200), ...at(event));
  }, { passive: false });
  // Two fingers: the distance between them scales the plan.
  const touches = new Map();
  let pinch = null;
  const spread = () => {
    const [a, b] = [...touches.values()];
    return Math.hypot(a.clientX - b.clientX, a.clientY - b.clientY);
  };
  box.addEventListener("pointerdown", (event) => {
    if (event.pointerType !== "touch") return;
    touches.set(event.pointerId, event);
    if (touches.size === 2) pinch = { distance: spread(), zoom };
  });
  box.addEventListener("pointermove", (event) => {
    if (!touches.has(event.pointerId)) return;
    touches.set(event.pointerId, event);
    if (pinch && touches.size === 2 && pinch.distance > 0) {
      const [a, b] = [...touches.values()];
      const rect = box.getBoundingClientRect();
      setZoom(pinch.zoom * (spread() / pinch.distance),
        (a.clientX + b.clientX) / 2 - rect.left, (a.clientY + b.clientY) / 2 - rect.top);
    }
  });
  const lift = (event) => {
    touches.delete(event.pointerId);
    if (touches.size < 2) pinch = null;
  };
  for (const type of ["pointerup", "pointercancel", "pointerleave"]) box.addEventListener(type, lift);
});
