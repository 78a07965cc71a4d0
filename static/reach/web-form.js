// Running totals for the web-form return, checked against the stated total as people type.
// The same check always runs on the server when the form is submitted.
const form = document.querySelector("form[data-web-return]");
if (form) {
  const stated = form.querySelector("#id_total");
  const message = form.querySelector("[data-total-check]");
  const value = (input) => { const n = parseInt(input.value, 10); return Number.isFinite(n) && n > 0 ? n : 0; };
  const update = () => {
    let all = 0;
    for (const grid of form.querySelectorAll("[data-grid]")) {
      let gridTotal = 0;
      for (const row of grid.querySelectorAll("[data-row]")) {
        let rowTotal = 0;
        for (const input of row.querySelectorAll("[data-count]")) rowTotal += value(input);
        row.querySelector("[data-row-total]").textContent = rowTotal;
        gridTotal += rowTotal;
      }
      grid.querySelector("[data-grid-total]").textContent = gridTotal;
      all += gridTotal;
    }
    const want = parseInt(stated.value, 10);
    if (!Number.isFinite(want)) { message.textContent = `The grids add up to ${all}.`; message.className = "govuk-body"; return; }
    const ok = want === all;
    message.textContent = ok ? `The grids add up to ${all}, the total you gave.` : `The grids add up to ${all} but you said ${want} referrals.`;
    message.className = ok ? "govuk-body" : "govuk-body reach-total-mismatch";
  };
  form.addEventListener("input", update);
  update();
}
