// The floor page for managers (progressive enhancement: without this file each desk's place
// is typed in its form). Drag a desk marker with a mouse, a pen or a finger, or focus it and
// move it with the arrow keys (Shift: bigger steps); each move is sent as that desk's form
// would send it, and the answer is announced in the page's status line.
document.addEventListener("DOMContentLoaded", () => {
  const svg = document.querySelector("svg.floor-plan-svg");
  const status = document.getElementById("plan-status");
  const token = document.querySelector('input[name="csrf_token"]');
  if (!svg || !status || !token) return;
  const box = svg.viewBox.baseVal;
  const clamp = (v) => Math.min(1, Math.max(0, v));
  const pending = new Map();

  const show = (marker, x, y) => {
    marker.dataset.x = String(x);
    marker.dataset.y = String(y);
    marker.setAttribute("transform", `translate(${(x * box.width).toFixed(1)} ${(y * box.height).toFixed(1)})`);
  };

  const save = async (marker) => {
    const id = marker.id.replace("marker-", "");
    const x = (Number(marker.dataset.x) * 100).toFixed(1);
    const y = (Number(marker.dataset.y) * 100).toFixed(1);
    const body = new FormData();
    body.append("csrf_token", token.value);
    body.append("x", x);
    body.append("y", y);
    body.append("action", "move");
    status.textContent = svg.dataset.saving;
    try {
      const answer = await fetch(marker.dataset.url, {
        method: "POST", body, credentials: "same-origin", headers: { Accept: "application/json" },
      });
      const data = await answer.json();
      status.textContent = data.message || svg.dataset.failed;
      if (!answer.ok) return;
      for (const [axis, value] of [["x", x], ["y", y]]) {
        const input = document.getElementById(`${axis}-${id}`);
        if (input) input.value = value;
      }
      marker.setAttribute("aria-label", data.message);
    } catch (error) {
      status.textContent = svg.dataset.failed;
    }
  };

  const saveSoon = (marker) => {
    clearTimeout(pending.get(marker));
    pending.set(marker, setTimeout(() => save(marker), 350));
  };

  const pointAt = (event) => {
    const point = svg.createSVGPoint();
    point.x = event.clientX;
    point.y = event.clientY;
    const local = point.matrixTransform(svg.getScreenCTM().inverse());
    return [clamp(local.x / box.width), clamp(local.y / box.height)];
  };

  for (const marker of svg.querySelectorAll(".plan-marker")) {
    let moved = false;
    marker.addEventListener("pointerdown", (event) => {
      event.preventDefault();
      marker.setPointerCapture(event.pointerId);
      marker.classList.add("dragging");
      marker.focus();
      moved = false;
    });
    marker.addEventListener("pointermove", (event) => {
      if (!marker.hasPointerCapture(event.pointerId)) return;
      const [x, y] = pointAt(event);
      show(marker, x, y);
      moved = true;
    });
    const drop = (event) => {
      if (!marker.classList.contains("dragging")) return;
      marker.classList.remove("dragging");
      if (marker.hasPointerCapture(event.pointerId)) marker.releasePointerCapture(event.pointerId);
      if (moved) save(marker);
    };
    marker.addEventListener("pointerup", drop);
    marker.addEventListener("pointercancel", drop);
    marker.addEventListener("keydown", (event) => {
      const step = event.shiftKey ? 0.05 : 0.01;
      const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
      const move = moves[event.key];
      if (!move) return;
      event.preventDefault();
      const x = clamp(Number(marker.dataset.x) + move[0]);
      const y = clamp(Number(marker.dataset.y) + move[1]);
      show(marker, Math.round(x * 1000) / 1000, Math.round(y * 1000) / 1000);
      saveSoon(marker);
    });
  }
});
