// A form that offers several bases (a recorded decision, a new one, a partner's inclusion)
// shows only the chosen basis's fields: in a [data-basis-fields] box, the [data-basis]
// groups of the other values of the radio buttons «basis» are hidden. Without scripts every
// group stays visible.
(function () {
  function showBasis(box) {
    const chosen = box.querySelector("input[name=basis]:checked");
    box.querySelectorAll("[data-basis]").forEach(function (group) {
      group.classList.toggle("d-none", chosen !== null && group.dataset.basis !== chosen.value);
    });
  }
  document.querySelectorAll("[data-basis-fields]").forEach(function (box) {
    box.addEventListener("change", function () { showBasis(box); });
    showBasis(box);
  });
})();
