// Reads an iCalendar document on stdin and prints, per VEVENT UID, the UTC instants
// (Unix seconds) ical.js gives its DTSTART and DTEND, as JSON. The VTIMEZONEs of the
// document are registered first, as a client that reads the feed's blocks does.
"use strict";
const path = require("path");
const ICAL = require(path.join(__dirname, "..", "vendor", "ical.js-2.2.1", "ical.es5.min.cjs"));

const chunks = [];
process.stdin.on("data", (c) => chunks.push(c));
process.stdin.on("end", () => {
  const root = new ICAL.Component(ICAL.parse(Buffer.concat(chunks).toString("utf8")));
  ICAL.TimezoneService.reset();
  for (const block of root.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(new ICAL.Timezone(block));
  }
  const out = {};
  for (const vevent of root.getAllSubcomponents("vevent")) {
    const event = new ICAL.Event(vevent);
    for (const time of [event.startDate, event.endDate]) {
      if (time.zone === ICAL.Timezone.localTimezone) throw new Error("floating time: " + time);
    }
    out[event.uid] = [event.startDate.toUnixTime(), event.endDate.toUnixTime()];
  }
  process.stdout.write(JSON.stringify(out));
});
