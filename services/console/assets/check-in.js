/* global document, navigator, window, requestAnimationFrame, setTimeout */
// The check-in page's camera (an external file: the Content-Security-Policy allows no inline script). It reads QR
// codes from a phone's or laptop's camera with the vendored jsQR and submits the page's own scan form with the code,
// as if it had been typed. Without this file (or without a camera) the form still works: a hardware scanner types the
// code into the focused field and presses Enter.
(() => {
  let stream = null;
  // After each scan htmx draws a new form: the next code goes into it (a hardware scanner types where the focus is).
  // Not while the camera runs: on a phone the focus would open the keyboard over the picture.
  document.addEventListener('htmx:afterSettle', () => {
    const input = document.getElementById('f-code');
    if (input && !stream) input.focus();
  });

  const panel = document.getElementById('camera-panel');
  const startButton = document.getElementById('camera-start');
  const stopButton = document.getElementById('camera-stop');
  const startBox = document.getElementById('camera-start-box');
  const stopBox = document.getElementById('camera-stop-box');
  const video = document.getElementById('camera');
  const status = document.getElementById('camera-status');
  if (!panel || !startButton || !stopButton || !startBox || !stopBox || !video) return;
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || typeof window.jsQR !== 'function') return;
  panel.hidden = false;

  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  // The same ticket held in front of the camera is read many times a second: one submission per code, then a pause.
  const SAME_CODE_MS = 4000;
  let last = { code: '', at: 0 };
  let waiting = false;

  const say = (text) => {
    if (status) status.textContent = text;
  };

  function submit(code) {
    // The form is found anew each time: htmx replaces it (with a fresh nonce) after every scan.
    const form = document.getElementById('scan-form');
    const input = document.getElementById('f-code');
    if (!form || !input) return;
    input.value = code;
    waiting = true;
    // requestSubmit runs the form's submit handlers, htmx's included; a plain browser posts the form.
    form.requestSubmit();
    setTimeout(() => {
      waiting = false;
    }, 1500);
  }

  function frame() {
    if (!stream) return;
    if (!waiting && video.readyState >= video.HAVE_ENOUGH_DATA) {
      // A smaller picture decodes faster, and a QR held at a door is large in it.
      const scale = Math.min(1, 640 / video.videoWidth);
      canvas.width = Math.round(video.videoWidth * scale);
      canvas.height = Math.round(video.videoHeight * scale);
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      const image = context.getImageData(0, 0, canvas.width, canvas.height);
      const found = window.jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' });
      const now = Date.now();
      if (found && found.data && (found.data !== last.code || now - last.at > SAME_CODE_MS)) {
        last = { code: found.data, at: now };
        submit(found.data);
      }
    }
    requestAnimationFrame(frame);
  }

  async function start() {
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: { ideal: 'environment' } },
        audio: false
      });
    } catch {
      say(startButton.dataset.denied || '');
      return;
    }
    video.srcObject = stream;
    video.hidden = false;
    startBox.hidden = true;
    stopBox.hidden = false;
    stopButton.focus();
    say(startButton.dataset.on || '');
    await video.play();
    requestAnimationFrame(frame);
  }

  function stop() {
    if (stream) for (const track of stream.getTracks()) track.stop();
    stream = null;
    video.srcObject = null;
    video.hidden = true;
    stopBox.hidden = true;
    startBox.hidden = false;
    say('');
    const input = document.getElementById('f-code');
    if (input) input.focus();
  }

  startButton.addEventListener('click', start);
  stopButton.addEventListener('click', stop);
  window.addEventListener('pagehide', stop);
})();
