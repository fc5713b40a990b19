// The photo form: a chosen file shows at once, before it is uploaded, with the note the
// field carries (data-photo-preview). The upload is checked and cleaned when it is saved.
(function () {
  "use strict";

  function showPreview(input) {
    var figure = input.photoPreview;
    if (figure) {
      URL.revokeObjectURL(figure.querySelector("img").src);
      figure.remove();
      input.photoPreview = null;
    }
    var file = input.files && input.files[0];
    if (!file || !/^image\//.test(file.type)) { return; }
    figure = document.createElement("figure");
    figure.className = "photo-preview";
    var image = document.createElement("img");
    image.alt = "";
    image.src = URL.createObjectURL(file);
    var caption = document.createElement("figcaption");
    caption.className = "help";
    caption.textContent = input.getAttribute("data-photo-preview");
    figure.append(image, caption);
    input.insertAdjacentElement("afterend", figure);
    input.photoPreview = figure;
  }

  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("input[type=file][data-photo-preview]")) {
      showPreview(event.target);
    }
  });
})();
