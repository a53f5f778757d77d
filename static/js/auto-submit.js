// A select marked data-auto-submit sends its form as soon as it changes; without scripts the
// form's own button does.
document.addEventListener("change", function (event) {
  const field = event.target.closest("[data-auto-submit]");
  if (field !== null && field.form !== null) field.form.submit();
});
