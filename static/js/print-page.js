// A button marked data-print-page prints the page (the print stylesheet leaves out the menu
// and the buttons).
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print-page]") !== null) window.print();
});
