// Tổ công tác: what the controls of a page served as a plain document (without the wasm:
// see app::is_document_path) do beyond a plain form. Each page works without this file.
// - A month grid (`input[data-col]`): Enter moves to the same column of the next row
//   (Shift+Enter: the row above); a column pasted from a spreadsheet fills the rows below.
// - A select with `data-fills="ID"`: choosing an option puts its `data-text` in the text
//   box ID (an answer's template), to be edited before it is sent.
(function () {
  'use strict';
  function column(input) {
    var col = input.getAttribute('data-col');
    return Array.prototype.slice.call(document.querySelectorAll('input[data-col="' + col + '"]'));
  }
  function gridInput(el) {
    return el && el.tagName === 'INPUT' && el.hasAttribute('data-col') ? el : null;
  }

  document.addEventListener('keydown', function (e) {
    var input = gridInput(e.target);
    if (!input || e.key !== 'Enter') return;
    e.preventDefault();
    var inputs = column(input);
    var next = inputs[inputs.indexOf(input) + (e.shiftKey ? -1 : 1)];
    if (next) { next.focus(); next.select(); }
  });

  document.addEventListener('paste', function (e) {
    var input = gridInput(e.target);
    var data = input && (e.clipboardData || window.clipboardData);
    if (!data) return;
    var lines = String(data.getData('text/plain') || '').replace(/[\r\n]+$/, '').split('\n');
    if (lines.length < 2) return;
    e.preventDefault();
    var inputs = column(input);
    inputs.slice(inputs.indexOf(input)).forEach(function (el, i) {
      // a column copied from a spreadsheet: the first cell of each line
      if (i < lines.length) el.value = lines[i].replace(/\r$/, '').split('\t')[0].trim();
    });
  });

  document.addEventListener('change', function (e) {
    var select = e.target;
    if (!select || select.tagName !== 'SELECT' || !select.hasAttribute('data-fills')) return;
    var box = document.getElementById(select.getAttribute('data-fills'));
    var option = select.options[select.selectedIndex];
    if (box && option && option.hasAttribute('data-text')) box.value = option.getAttribute('data-text');
  });
})();
