// The text editor in the admin's language. The words come from the text field
// (data-editor-labels: {the editor's English: the admin's language}, news/admin.py).
// Its toolbar's titles are English of its own: they are replaced once the toolbar is
// built. Its dialogs ask window.gettext when they open: this script (a classic script,
// run before the editor's modules) lets gettext answer with these words too.
(function () {
  "use strict";

  var words = null;

  function editorWords() {
    if (words === null) {
      var field = document.querySelector("textarea[data-editor-labels]");
      words = field ? JSON.parse(field.getAttribute("data-editor-labels")) : {};
    }
    return words;
  }

  var adminGettext = window.gettext;
  window.gettext = function (text) {
    var translated = adminGettext ? adminGettext(text) : text;
    return translated !== text ? translated : editorWords()[text] || text;
  };

  function translate(menubar) {
    var table = editorWords();
    menubar.querySelectorAll("[title]").forEach(function (element) {
      var word = table[element.getAttribute("title")];
      if (word) { element.setAttribute("title", word); }
      // A button shows an icon whose text ("format_bold") is no name: its title names it.
      element.setAttribute("aria-label", element.getAttribute("title"));
    });
    // The list of block types shows its entries as text.
    menubar.querySelectorAll(".prose-menubar__option *").forEach(function (element) {
      var word = table[element.textContent];
      if (element.children.length === 0 && word) { element.textContent = word; }
    });
  }

  function whenBuilt(editor, callback) {
    var menubar = editor.querySelector(":scope > .prose-menubar");
    if (menubar) { callback(menubar); return; }
    var observer = new MutationObserver(function () {
      var built = editor.querySelector(":scope > .prose-menubar");
      if (built) { observer.disconnect(); callback(built); }
    });
    observer.observe(editor, { childList: true });
  }

  // The text is named by its field's label, for screen readers.
  function nameTheText(editor, textarea) {
    var label = document.querySelector('label[for="' + textarea.id + '"]');
    var text = editor.querySelector("[contenteditable]");
    if (!label || !text) { return; }
    if (!label.id) { label.id = textarea.id + "_label"; }
    text.setAttribute("aria-labelledby", label.id);
  }

  document.addEventListener("prose-editor:ready", function (event) {
    var textarea = event.detail && event.detail.textarea;
    if (!textarea || !textarea.hasAttribute("data-editor-labels")) { return; }
    var editor = textarea.closest(".prose-editor") || textarea.parentElement;
    nameTheText(editor, textarea);
    whenBuilt(editor, function (menubar) {
      translate(menubar);
      // What the toolbar builds later is translated as it comes.
      new MutationObserver(function () { translate(menubar); }).observe(menubar, {
        childList: true,
        subtree: true
      });
    });
  });
})();
