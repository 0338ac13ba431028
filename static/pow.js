/*
 * pow.js: the report form's optional proof-of-work. With JavaScript on,
 * before the form is sent, it finds a number n such that
 * SHA-256(challenge + ":" + n) starts with the asked-for zero bits, and
 * puts n in the form; the server then allows more reports from this
 * connection. Without JavaScript, or if the browser cannot hash, the
 * form is sent as it is and still works. Nothing leaves the browser but
 * the number.
 */
(function () {
	"use strict";
	var form = document.getElementById("report-send");
	if (!form || !window.crypto || !window.crypto.subtle ||
	    !window.TextEncoder)
		return;
	var ch = form.querySelector("input[name=pow_challenge]");
	var out = form.querySelector("input[name=pow_nonce]");
	if (!ch || !out)
		return;
	var bits = parseInt(ch.getAttribute("data-bits"), 10) || 0;
	var enc = new TextEncoder();
	var solving = false, done = false;

	function zeros(buf) {
		var b = new Uint8Array(buf), i;
		for (i = 0; i < bits; i++)
			if (b[i >> 3] & (0x80 >> (i & 7)))
				return false;
		return true;
	}

	function solve(start, deadline) {
		var batch = [], i;
		for (i = start; i < start + 512; i++)
			batch.push(crypto.subtle.digest("SHA-256",
			    enc.encode(ch.value + ":" + i)));
		return Promise.all(batch).then(function (hs) {
			for (var k = 0; k < hs.length; k++)
				if (zeros(hs[k]))
					return start + k;
			if (Date.now() > deadline)
				return -1;
			return solve(start + 512, deadline);
		});
	}

	form.addEventListener("submit", function (ev) {
		if (done || bits === 0)
			return;
		ev.preventDefault();
		if (solving)
			return;
		solving = true;
		var button = form.querySelector("button[type=submit]");
		if (button) {
			button.disabled = true;
			button.textContent = ch.getAttribute("data-working");
		}
		solve(0, Date.now() + 20000).then(function (n) {
			if (n >= 0)
				out.value = String(n);
		}, function () {}).then(function () {
			done = true;
			if (button)
				button.disabled = false;
			form.submit();
		});
	});
})();
