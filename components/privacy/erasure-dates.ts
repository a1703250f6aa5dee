/** A moment as staff read it on the privacy pages: UTC, to the minute (the legal deadline is a UTC instant). */
export const utcMinute = (date: Date | null) => (date ? `${date.toISOString().slice(0, 16).replace("T", " ")} UTC` : "—");
