// cocreate's only script: voting without a page reload. Without it every
// vote button is a plain form post that works the same way.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="csrf-token"]');
  var csrf = meta ? meta.getAttribute("content") : "";

  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!form.classList || !form.classList.contains("vote") || !window.fetch) return;
    ev.preventDefault();
    var id = form.getAttribute("data-idea");
    var voted = form.classList.contains("voted");
    var button = form.querySelector("button");
    var error = form.querySelector(".vote-error");
    button.disabled = true;
    error.textContent = "";
    fetch("/api/v1/ideas/" + id + "/vote", {
      method: voted ? "DELETE" : "PUT",
      credentials: "same-origin",
      headers: { "X-CSRF-Token": csrf, "Accept": "application/json" }
    }).then(function (res) {
      return res.json().then(function (body) { return { ok: res.ok, status: res.status, body: body }; });
    }).then(function (r) {
      if (r.status === 401) { window.location = "/signin?next=" + encodeURIComponent(location.pathname); return; }
      if (!r.ok) { error.textContent = (r.body.error && r.body.error.message) || "Error"; return; }
      setState(id, r.body.voted, r.body.votes);
    }).catch(function () {
      form.submit(); // the network path failed: fall back to the form
    }).finally(function () { button.disabled = false; });
  });

  // setState updates every button for the idea on the page.
  function setState(id, voted, votes) {
    document.querySelectorAll('form.vote[data-idea="' + id + '"]').forEach(function (f) {
      f.classList.toggle("voted", voted);
      var b = f.querySelector("button");
      b.setAttribute("aria-pressed", voted ? "true" : "false");
      f.querySelector(".vote-count").textContent = votes;
      f.querySelector(".vote-label").textContent = b.getAttribute(voted ? "data-label-voted" : "data-label-vote");
      f.querySelector('input[name="vote"]').value = voted ? "0" : "1";
    });
  }
})();
