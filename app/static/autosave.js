// Carddesk: the interview record keeps its draft by itself while the
// interviewer types, and warns before the session ends. Without JavaScript
// the "Save draft" button does the same by hand; this file only adds to it.
// Loaded under the pages' Content-Security-Policy (script-src 'self';
// connect-src 'self'): no inline code, no other origin.
(function () {
  'use strict';
  var form = document.getElementById('interview-form');
  var save = document.getElementById('save-draft');
  var status = document.getElementById('autosave-status');
  var warning = document.getElementById('session-warning');
  if (!form || !save || !status || !window.fetch || !window.FormData) {
    return;
  }
  var action = save.getAttribute('formaction');
  var every = parseInt(form.getAttribute('data-autosave-ms'), 10) || 30000;
  var idle = parseInt(form.getAttribute('data-session-idle-ms'), 10) || 0;
  var dirty = false;
  var saving = false;
  var timer = null;
  var warnTimer = null;
  var endTimer = null;

  function clock(d) {
    var h = String(d.getHours());
    var m = String(d.getMinutes());
    return (h.length < 2 ? '0' + h : h) + ':' + (m.length < 2 ? '0' + m : m);
  }
  function say(attr, d) {
    status.textContent = status.getAttribute(attr).replace('{time}', clock(d || new Date()));
  }

  // The server moves the idle clock on at most once a minute, so the
  // session may end up to a minute before idle after the last request.
  function watchSession() {
    if (!idle || !warning) {
      return;
    }
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    warning.hidden = true;
    var lag = Math.min(60000, idle / 2);
    var endsIn = idle - lag;
    var warnIn = endsIn - Math.min(120000, endsIn / 2);
    warnTimer = setTimeout(function () {
      warning.hidden = false;
    }, warnIn);
    endTimer = setTimeout(function () {
      if (dirty) {
        saveNow(); // the last chance: the answer tells whether it came in time
      }
    }, Math.max(0, endsIn - 5000));
  }

  function saveNow() {
    clearTimeout(timer);
    timer = null;
    if (saving) {
      timer = setTimeout(saveNow, 1000);
      return;
    }
    saving = true;
    dirty = false;
    say('data-saving');
    fetch(action, {
      method: 'POST',
      body: new FormData(form),
      credentials: 'same-origin',
      redirect: 'manual',
      headers: { 'X-Carddesk-Autosave': '1' }
    }).then(function (r) {
      saving = false;
      if (r.status === 204) {
        say('data-saved');
        watchSession();
      } else if (r.type === 'opaqueredirect' || r.status === 401 || r.status === 403) {
        dirty = true;
        say('data-ended');
        warning.hidden = true;
      } else {
        dirty = true;
        say('data-failed');
      }
    }, function () {
      saving = false;
      dirty = true;
      say('data-failed');
    });
  }

  function changed() {
    dirty = true;
    if (!timer) {
      timer = setTimeout(saveNow, every);
    }
  }
  form.addEventListener('input', changed);
  form.addEventListener('change', changed);
  form.addEventListener('submit', function () {
    clearTimeout(timer);
    clearTimeout(endTimer);
    dirty = false;
  });
  var stay = document.getElementById('session-stay');
  if (stay) {
    stay.addEventListener('click', function () {
      saveNow(); // a request moves the idle clock on, and keeps the draft
    });
  }
  watchSession();
})();
