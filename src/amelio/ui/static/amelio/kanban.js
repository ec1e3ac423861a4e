/* Kanban board of actions: drag a card to another column (HTML5 drag and drop) or use its
 * "Move to…" menu. Each card carries, computed by the server for the current user, the steps
 * it may take (data-moves: target state -> {url, label, comment}) and why the others are refused
 * (data-refusals: target state -> message). A move posts to the register's transition URL; the
 * page is then reloaded, showing the server's message, so the server stays the authority.
 */
(function () {
  "use strict";

  const board = document.querySelector("[data-kanban]");
  if (!board) {
    return;
  }
  const message = document.getElementById("kanban-message");
  let dragged = null;
  let over = null;
  let dropped = false;

  function json(element, name) {
    try {
      return JSON.parse(element.dataset[name] || "{}");
    } catch (error) {
      return {};
    }
  }

  function columnOf(state) {
    return board.querySelector(`[data-state="${CSS.escape(state)}"]`);
  }

  function labelOf(state) {
    const column = columnOf(state);
    return column ? column.dataset.label : state;
  }

  function say(text) {
    message.querySelector("[data-text]").textContent = text;
    message.classList.remove("d-none");
    message.scrollIntoView({ block: "nearest" });
  }

  message.querySelector("[data-close]").addEventListener("click", () => {
    message.classList.add("d-none");
  });

  /* Why `card` cannot go to `state`: the server's reason, or "no step leads there", after the
   * card's reference (in the translated "%(reference)s: %(reason)s", for French spacing). */
  function refusal(card, state) {
    const reason =
      json(card, "refusals")[state] ||
      board.dataset.noStep
        .replace("%(from)s", labelOf(card.dataset.status))
        .replace("%(to)s", labelOf(state));
    return board.dataset.refusal
      .replace("%(reference)s", () => card.dataset.reference)
      .replace("%(reason)s", () => reason);
  }

  function csrfToken() {
    try {
      const headers = JSON.parse(document.body.getAttribute("hx-headers") || "{}");
      if (headers["X-CSRFToken"]) {
        return headers["X-CSRFToken"];
      }
    } catch (error) {
      /* fall back to the cookie */
    }
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  /* Ask for the reason of a step that needs one; resolves to the text, or null if abandoned. */
  function askReason(step) {
    const modal = document.getElementById("kanban-reason");
    if (!modal || !window.bootstrap) {
      const text = window.prompt(step.label);
      return Promise.resolve(text && text.trim() ? text.trim() : null);
    }
    const form = modal.querySelector("[data-reason-form]");
    const field = modal.querySelector("textarea");
    const dialog = window.bootstrap.Modal.getOrCreateInstance(modal);
    modal.querySelector(".modal-title").textContent = board.dataset.reasonTitle.replace(
      "%(step)s",
      step.label,
    );
    field.value = "";
    field.classList.remove("is-invalid");
    return new Promise((resolve) => {
      let answer = null;
      function submit(event) {
        event.preventDefault();
        if (!field.value.trim()) {
          field.classList.add("is-invalid");
          field.focus();
          return;
        }
        answer = field.value.trim();
        dialog.hide();
      }
      function hidden() {
        form.removeEventListener("submit", submit);
        resolve(answer);
      }
      form.addEventListener("submit", submit);
      modal.addEventListener("hidden.bs.modal", hidden, { once: true });
      modal.addEventListener("shown.bs.modal", () => field.focus(), { once: true });
      dialog.show();
    });
  }

  function post(url, comment) {
    const body = new FormData();
    body.append("comment", comment);
    /* The transition view answers with a redirect to the record; not following it keeps the
     * flash message for the reloaded board. */
    return fetch(url, {
      method: "POST",
      body: body,
      headers: { "X-CSRFToken": csrfToken() },
      credentials: "same-origin",
      redirect: "manual",
    });
  }

  /* Move `card` to the column of `state`: check the step, ask a reason if needed, post. */
  async function move(card, state) {
    const step = json(card, "moves")[state];
    if (!step) {
      say(refusal(card, state));
      return;
    }
    let comment = "";
    if (step.comment) {
      comment = await askReason(step);
      if (comment === null) {
        return;
      }
    }
    const home = card.parentElement;
    const next = card.nextElementSibling;
    columnOf(state).querySelector("[data-cards]").prepend(card);
    card.setAttribute("aria-busy", "true");
    try {
      const response = await post(step.url, comment);
      if (response.type === "opaqueredirect" || response.ok) {
        window.location.reload();
        return;
      }
      throw new Error(String(response.status));
    } catch (error) {
      home.insertBefore(card, next);
      card.removeAttribute("aria-busy");
      say(board.dataset.failed);
    }
  }

  function markColumns(card) {
    const allowed = json(card, "moves");
    board.querySelectorAll("[data-state]").forEach((column) => {
      const state = column.dataset.state;
      if (state === card.dataset.status) {
        return;
      }
      column.classList.add(allowed[state] ? "kanban-drop-ok" : "kanban-drop-no");
    });
  }

  function clearColumns() {
    board.querySelectorAll("[data-state]").forEach((column) => {
      column.classList.remove("kanban-drop-ok", "kanban-drop-no", "kanban-over");
    });
  }

  /* Remember (and outline) the column the dragged card is over. */
  function hover(column) {
    if (over === column) {
      return;
    }
    if (over) {
      over.classList.remove("kanban-over");
    }
    if (column) {
      column.classList.add("kanban-over");
    }
    over = column;
  }

  board.addEventListener("dragstart", (event) => {
    const card = event.target.closest && event.target.closest("[data-card]");
    if (!card) {
      return;
    }
    dragged = card;
    over = null;
    dropped = false;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.dataset.reference || card.id);
    card.classList.add("kanban-dragging");
    markColumns(card);
  });

  board.addEventListener("dragover", (event) => {
    const column = event.target.closest && event.target.closest("[data-state]");
    if (!dragged || !column || column.dataset.state === dragged.dataset.status) {
      hover(null);
      return;
    }
    hover(column);
    const allowed = Boolean(json(dragged, "moves")[column.dataset.state]);
    event.preventDefault();
    event.dataTransfer.dropEffect = allowed ? "move" : "none";
  });

  board.addEventListener("drop", (event) => {
    const column = event.target.closest && event.target.closest("[data-state]");
    if (!dragged || !column) {
      return;
    }
    event.preventDefault();
    dropped = true;
    move(dragged, column.dataset.state);
  });

  board.addEventListener("dragleave", (event) => {
    /* A drag let go where no drop is allowed ends with a dragleave without relatedTarget:
     * keep `over` then, so that dragend can say why. */
    if (over && event.relatedTarget && !over.contains(event.relatedTarget)) {
      hover(null);
    }
  });

  board.addEventListener("dragend", () => {
    /* Let go over a column no allowed step leads to: say why; the card stays where it was. */
    if (dragged && over && !dropped) {
      say(refusal(dragged, over.dataset.state));
    }
    if (dragged) {
      dragged.classList.remove("kanban-dragging");
    }
    dragged = null;
    hover(null);
    clearColumns();
  });

  /* The "Move to…" menu: the same move, for keyboards and phones. */
  board.addEventListener("submit", (event) => {
    const form = event.target.closest("form[data-kanban-move]");
    if (!form) {
      return;
    }
    event.preventDefault();
    move(form.closest("[data-card]"), form.dataset.target);
  });
})();
