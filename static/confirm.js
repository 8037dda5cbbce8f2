// Asks before a button whose consequence is hard to undo (closing the workshop, removing an
// activity or a person, leaving): a button with data-confirm="<what will happen>" opens a
// dialog that says so, with data-confirm-yes and data-confirm-no as its two answers; Cancel
// has the focus, so Enter or Escape changes nothing. Only "yes" goes on with the button's own
// action (a plain form post or an htmx socket send alike), exactly as a click would have.
// Without this script the button acts at once, as before.
(function () {
  "use strict";
  var confirmed = null;

  function dialogFor(button) {
    var dialog = document.getElementById("confirm-dialog");
    if (!dialog) {
      dialog = document.createElement("dialog");
      dialog.id = "confirm-dialog";
      dialog.className = "confirm-dialog";
      dialog.setAttribute("aria-labelledby", "confirm-message");
      var message = document.createElement("p");
      message.id = "confirm-message";
      var actions = document.createElement("div");
      actions.className = "controls";
      var no = document.createElement("button");
      no.type = "button";
      no.id = "confirm-no";
      no.className = "secondary";
      var yes = document.createElement("button");
      yes.type = "button";
      yes.id = "confirm-yes";
      yes.className = "danger";
      actions.appendChild(no);
      actions.appendChild(yes);
      dialog.appendChild(message);
      dialog.appendChild(actions);
      document.body.appendChild(dialog);
      no.addEventListener("click", function () { dialog.close(); });
    }
    dialog.querySelector("#confirm-message").textContent = button.getAttribute("data-confirm");
    dialog.querySelector("#confirm-yes").textContent = button.getAttribute("data-confirm-yes") || "OK";
    dialog.querySelector("#confirm-no").textContent = button.getAttribute("data-confirm-no") || "Cancel";
    return dialog;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-confirm]");
    if (!button) { return; }
    if (confirmed === button) { confirmed = null; return; }
    event.preventDefault();
    event.stopImmediatePropagation();
    var dialog = dialogFor(button);
    var yes = dialog.querySelector("#confirm-yes");
    var fresh = yes.cloneNode(true); // one listener: the button asked about this time
    yes.parentNode.replaceChild(fresh, yes);
    fresh.addEventListener("click", function () {
      dialog.close();
      confirmed = button;
      button.click();
    });
    dialog.showModal();
    dialog.querySelector("#confirm-no").focus();
  }, true);
})();
