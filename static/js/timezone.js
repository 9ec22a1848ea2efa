// The browser's time zone, as a first guess: fills the sign-up form's hidden
// `time_zone` field, and preselects it on the time-zone page while none is chosen.
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

if (zone) {
  for (const input of document.querySelectorAll('input[type="hidden"][name="time_zone"]')) {
    if (!input.value) input.value = zone;
  }
  const select = document.querySelector("[data-time-zone-guess] select");
  if (select && [...select.options].some((option) => option.value === zone)) {
    select.value = zone;
  }
}
