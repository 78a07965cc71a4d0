// Running totals for a page of the web-form return, as people type. Each row's outcomes
// may not add up to more than its referrals; the rest are "outcome not known". The same
// check always runs on the server when the page is saved.
const form = document.querySelector("form[data-web-return]");
if (form) {
  const message = form.querySelector("[data-total-check]");
  const value = (input) => { const n = parseInt(input.value, 10); return Number.isFinite(n) && n > 0 ? n : 0; };
  const update = () => {
    let referrals = 0, unknown = 0, over = [];
    const outcomeTotals = [];
    for (const row of form.querySelectorAll("[data-row]")) {
      const given = value(row.querySelector("[data-referrals]"));
      let outcomes = 0;
      row.querySelectorAll("[data-outcome]").forEach((input, i) => {
        const n = value(input);
        outcomes += n;
        outcomeTotals[i] = (outcomeTotals[i] || 0) + n;
      });
      const rest = given - outcomes;
      row.querySelector("[data-unknown]").textContent = rest >= 0 ? rest : "–";
      row.classList.toggle("reach-total-mismatch", rest < 0);
      if (rest < 0) over.push(row.querySelector("th").textContent.trim());
      referrals += given;
      unknown += Math.max(rest, 0);
    }
    form.querySelector("[data-total-referrals]").textContent = referrals;
    form.querySelectorAll("[data-total-outcome]").forEach((cell, i) => { cell.textContent = outcomeTotals[i] || 0; });
    form.querySelector("[data-total-unknown]").textContent = unknown;
    if (over.length) {
      message.textContent = `The outcomes add up to more than the referrals for: ${over.join(", ")}.`;
      message.className = "govuk-body reach-total-mismatch";
    } else {
      message.textContent = `${referrals} referral${referrals === 1 ? "" : "s"} on this page; ${unknown} with no outcome given.`;
      message.className = "govuk-body";
    }
  };
  form.addEventListener("input", update);
  update();
}
