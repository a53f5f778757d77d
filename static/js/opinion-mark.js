// The «required» mark of the student council's opinion ([data-opinion-mark]) shows while an
// entry ticked in its form needs that opinion ([data-needs-opinion]); a mark the server
// showed (the form came back with such an entry) stays.
(function () {
  document.querySelectorAll("[data-opinion-mark]").forEach(function (mark) {
    const form = mark.closest("form");
    if (form === null) return;
    const markedByServer = !mark.classList.contains("d-none");
    function markOpinion() {
      const ticked = form.querySelector("input[name=entries][data-needs-opinion]:checked");
      mark.classList.toggle("d-none", !markedByServer && ticked === null);
    }
    form.addEventListener("change", function (event) {
      if (event.target.name === "entries") markOpinion();
    });
    markOpinion();
  });
})();
