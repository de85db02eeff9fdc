// cocreate's only script: voting without a page reload. Without it every
// vote button is a plain form post that works the same way.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="csrf-token"]');
  var csrf = meta ? meta.getAttribute("content") : "";

  // Back (or Forward) can bring a page from the back-forward cache as it
  // was left: notices may have come or been read since. The notifications
  // list is read again; any other page asks the API for the unread count
  // alone (GET /api/v1/me/notifications/unread, the bell's own number)
  // and sets its bell. Signed out meanwhile, the page is read again.
  window.addEventListener("pageshow", function (ev) {
    if (!ev.persisted) return;
    if (document.querySelector("[data-fresh-on-back]")) { location.reload(); return; }
    var bell = document.querySelector(".site-header a.notices");
    if (!bell || !window.fetch) return;
    fetch("/api/v1/me/notifications/unread", {
      credentials: "same-origin", cache: "no-store", headers: { "Accept": "application/json" }
    }).then(function (res) {
      if (res.status === 401) { location.reload(); return null; }
      return res.ok ? res.json() : null;
    }).then(function (body) {
      if (!body || typeof body.unread !== "number") return;
      var count = bell.querySelector(".count");
      if (body.unread > 0) {
        if (!count) {
          count = document.createElement("span");
          count.className = "count";
          bell.appendChild(document.createTextNode(" "));
          bell.appendChild(count);
        }
        count.textContent = body.badge || String(body.unread);
      } else if (count) {
        count.parentNode.removeChild(count);
      }
    }).catch(function () {});
  });

  // A form posted once is not posted again by a second tap while the
  // first is on its way (a photo over 4G takes a while): the second would
  // make a second idea or comment. The form says it is busy (aria-busy,
  // which app.css shows on its buttons) until the page is shown again
  // from the back-forward cache, or for a minute if it is still here (a
  // post that hung: the person may try again). Its buttons are not
  // disabled: a browser that restores form state on a reload (Firefox)
  // would bring them back disabled, with nothing left to enable them.
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (ev.defaultPrevented || !form.getAttribute || (form.getAttribute("method") || "").toLowerCase() !== "post") return;
    if (form.classList.contains("vote") && window.fetch) return; // below
    if (form.getAttribute("data-sending")) { ev.preventDefault(); return; }
    form.setAttribute("data-sending", "1");
    form.setAttribute("aria-busy", "true");
    setTimeout(function () { sendingDone(form); }, 60000);
  });
  function sendingDone(form) {
    form.removeAttribute("data-sending");
    form.removeAttribute("aria-busy");
  }
  window.addEventListener("pageshow", function (ev) {
    if (!ev.persisted) return;
    var sending = document.querySelectorAll("form[data-sending]");
    for (var i = 0; i < sending.length; i++) sendingDone(sending[i]);
  });

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
      // A visitor: post the form itself, so the vote is cast once they sign in.
      if (r.status === 401) { form.submit(); return; }
      if (!r.ok) { error.textContent = (r.body.error && r.body.error.message) || "Error"; return; }
      setState(id, r.body.voted, r.body.votes);
      if (r.body.voted !== voted) budgetMoved(r.body.voted ? -1 : 1);
    }).catch(function () {
      form.submit(); // the network path failed: fall back to the form
    }).finally(function () { button.disabled = false; });
  });

  // The "votes left" line follows each vote and undo (the page's
  // template holds 987654321 where the number goes).
  function budgetMoved(delta) {
    var b = document.querySelector(".budget[data-left]");
    if (!b) return;
    var left = Math.max(parseInt(b.getAttribute("data-left"), 10) + delta, 0);
    b.setAttribute("data-left", String(left));
    b.textContent = b.getAttribute("data-template").replace("987654321", String(left));
    // The way to the fan's votes shows once one is spent.
    var mine = document.querySelector(".my-votes-link");
    if (mine) mine.hidden = left >= parseInt(b.getAttribute("data-budget"), 10);
  }

  // Similar ideas while a fan types a new one: after a pause in typing the
  // title or summary, ask for the ideas most like it in the same challenge.
  var form = document.querySelector("form[data-similar]");
  if (form && window.fetch) {
    var box = document.getElementById("similar");
    var list = box.querySelector("ul");
    var timer = null, last = "", supports = form.getAttribute("data-method") === "support";
    var ask = function () {
      var text = (form.title.value + " " + form.summary.value).trim();
      if (text === last) return;
      last = text;
      if (text.length < 2) { box.hidden = true; return; }
      fetch("/api/v1/challenges/" + form.getAttribute("data-similar") + "/similar?limit=5&text=" + encodeURIComponent(text), {
        credentials: "same-origin", headers: { "Accept": "application/json" }
      }).then(function (res) { return res.ok ? res.json() : { ideas: [] }; }).then(function (body) {
        if (text !== last) return; // a newer question is on its way
        list.textContent = "";
        (body.ideas || []).forEach(function (idea) {
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.href = "/ideas/" + idea.id;
          a.textContent = idea.title;
          li.appendChild(a);
          // Support votes only: a stars or pairwise challenge counts none,
          // and a blind judge's answer leaves them out.
          if (supports && typeof idea.votes === "number") li.appendChild(document.createTextNode(" · ▲ " + idea.votes));
          list.appendChild(li);
        });
        box.hidden = list.children.length === 0;
      }).catch(function () {});
    };
    ["title", "summary"].forEach(function (name) {
      form[name].addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(ask, 350);
      });
    });
  }

  // Search as you type (DESIGN §5): after a pause in typing in the
  // header's search box (and once a Chinese word is composed), the best
  // few matches show under it, each a link, with one to every result; a
  // screen reader hears how many. Nothing shows for a single Latin letter,
  // nor when nothing matches yet (a word half typed) or the server asks
  // to wait. Escape, or a tap elsewhere, closes them. Without the script
  // the box is the plain search form it always was.
  var q = document.getElementById("header-q");
  var suggest = document.getElementById("header-suggest");
  if (q && suggest && window.fetch) {
    var hits = suggest.querySelector("ul"), heard = document.getElementById("header-suggest-said");
    var wait = null, asked = "";
    var close = function () { suggest.hidden = true; asked = ""; };
    var look = function () {
      var text = q.value.trim();
      if (text === asked) return;
      if (text.length < 2 && !/[\u3400-\u9fff]/.test(text)) { close(); return; }
      asked = text;
      fetch("/api/v1/search?type=all&limit=6&q=" + encodeURIComponent(text), {
        credentials: "same-origin", headers: { "Accept": "application/json" }
      }).then(function (res) { return res.ok ? res.json() : null; }).then(function (body) {
        if (text !== asked) return; // a newer word is on its way
        if (!body || !(body.hits || []).length) { close(); return; }
        hits.textContent = "";
        body.hits.forEach(function (h) {
          var li = document.createElement("li"), a = document.createElement("a");
          var title = document.createElement("span");
          a.href = h.url;
          title.className = "suggest-title";
          title.textContent = h.title;
          a.append(title);
          if (h.state) { // a moderator's hit of an idea no list shows, marked as on the search page
            var state = document.createElement("span");
            state.className = "badge state-" + h.state;
            state.textContent = suggest.getAttribute("data-state-" + h.state) || h.state;
            a.prepend(state, " ");
          }
          if (h.type !== "idea") {
            var kind = document.createElement("span");
            kind.className = "badge";
            kind.textContent = suggest.getAttribute("data-type-" + h.type) || h.type;
            a.prepend(kind, " ");
          }
          li.append(a);
          hits.append(li);
        });
        var li = document.createElement("li"), all = document.createElement("a");
        all.className = "suggest-all";
        all.href = "/search?q=" + encodeURIComponent(text);
        all.textContent = suggest.getAttribute("data-all");
        li.append(all);
        hits.append(li);
        suggest.hidden = false;
        heard.textContent = suggest.getAttribute("data-count").replace("987654321", String(body.total || 0));
      }).catch(function () {});
    };
    q.addEventListener("input", function (ev) {
      if (ev.isComposing) return; // a Chinese word still being composed
      clearTimeout(wait);
      wait = setTimeout(look, 250);
    });
    q.addEventListener("compositionend", function () { clearTimeout(wait); wait = setTimeout(look, 250); });
    q.form.addEventListener("keydown", function (ev) { if (ev.key === "Escape") { clearTimeout(wait); close(); q.focus(); } });
    document.addEventListener("click", function (ev) { if (!q.form.contains(ev.target)) close(); });
  }

  // Share: copy the page's address (WeChat and Weibo users paste links).
  document.querySelectorAll(".share-button").forEach(function (b) {
    b.hidden = false;
    b.addEventListener("click", function () {
      var label = b.textContent;
      var copy = navigator.clipboard ? navigator.clipboard.writeText(b.getAttribute("data-url")) : Promise.reject(new Error("no clipboard"));
      copy.then(function () {
        b.textContent = b.getAttribute("data-done");
        setTimeout(function () { b.textContent = label; }, 2000);
      }, function () {
        // Refused (WeChat's browser, a page not in focus): the address is
        // shown, selected, for a long press to copy.
        var box = b.nextElementSibling;
        if (!box || !box.classList.contains("share-url")) {
          box = document.createElement("input");
          box.className = "share-url";
          box.readOnly = true;
          box.value = b.getAttribute("data-url");
          box.setAttribute("aria-label", b.getAttribute("data-manual"));
          b.after(box);
        }
        b.textContent = b.getAttribute("data-manual");
        box.focus();
        box.setSelectionRange(0, box.value.length);
      });
    });
  });

  // A link written before reports and comments had their own addresses
  // (an old notice's "/projects/7#fb-11" or "/ideas/3#comment-230") to one
  // older than the page's newest page of them: the page that holds it is
  // asked for (report=, comment=), which the server finds however old it
  // is. A page already asked for one (or paged) stays as it is, so a
  // report or comment the reader may not see leads to no loop.
  [[/^\/projects\/\d+$/, /^#fb-(\d+)$/, "fb-", "report", /[?&](report|cursor)=/],
   [/^\/ideas\/\d+$/, /^#comment-(\d+)$/, "comment-", "comment", /[?&](comment|comments_after)=/]].forEach(function (k) {
    var m = k[1].exec(location.hash);
    if (!m || !k[0].test(location.pathname) || document.getElementById(k[2] + m[1]) || k[4].test(location.search)) return;
    location.replace(location.pathname + "?" + k[3] + "=" + m[1] + location.hash);
  });

  // A refused form's first field in error takes the focus when the page
  // gives none (autofocus), so that a phone scrolls to it and to its
  // reason (a field in error keeps room around it: app.css).
  var invalid = document.querySelector("main [aria-invalid=true]");
  if (invalid && !document.querySelector("[autofocus]")) {
    (invalid.matches("input, select, textarea") ? invalid : invalid.querySelector("input, select, textarea") || invalid).focus();
  }

  // The words after a form that returned to one part of a long page (its
  // anchor: an idea's "I'd buy it" box, a club's members, a vote's button)
  // are shown in that part, where a phone has scrolled, not at the top of
  // the page (flashThere): at the start of a section, after a heading or a
  // folded part's summary, and for a button's form at the foot of the card
  // that holds it.
  var said = document.querySelector("main > .flash[data-at]");
  var part = said && document.getElementById(said.getAttribute("data-at"));
  if (part) {
    var card = part.tagName === "FORM" && part.closest(".card");
    var summary = part.querySelector(":scope > summary");
    if (card) card.append(said);
    else if (summary) summary.after(said);
    else if (/^H[1-6]$/.test(part.tagName)) part.after(said);
    else part.prepend(said);
  }

  // The email groups grey out, and say they wait, while the switch above
  // them is off: the page's own state, not the last saved one.
  var emailSwitch = document.getElementById("email-notices");
  if (emailSwitch) {
    emailSwitch.addEventListener("change", function () {
      document.getElementById("email-kinds").classList.toggle("off", !emailSwitch.checked);
      document.getElementById("email-kinds-off").hidden = emailSwitch.checked;
    });
  }

  // The menu (session 52): on a wide screen every staff place shows (管理
  // open); on a phone 管理 opens over the page and closes on a tap
  // elsewhere or Escape. (Its places wrap on a phone, session 55: none to
  // scroll into sight.)
  var staff = document.querySelector(".nav-staff");
  if (staff && window.matchMedia) {
    var wide = window.matchMedia("(min-width: 40rem)");
    var fit = function () { staff.open = wide.matches; };
    fit();
    if (wide.addEventListener) wide.addEventListener("change", fit);
    document.addEventListener("click", function (ev) {
      if (!wide.matches && staff.open && !staff.contains(ev.target)) staff.open = false;
    });
    document.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape" && !wide.matches && staff.open) {
        staff.open = false;
        staff.querySelector("summary").focus();
      }
    });
  }

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
