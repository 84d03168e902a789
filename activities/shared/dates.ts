const millisPerDay = 86_400_000;

/**
 * Days since 1970-01-01 of an ISO `YYYY-MM-DD` date (already validated by the schema). Calendar-day arithmetic in
 * UTC, so no time zone or daylight-saving change can make two dates one day closer or further apart.
 */
export function dayNumber(isoDate: string): number {
  const year = Number(isoDate.slice(0, 4));
  const month = Number(isoDate.slice(5, 7));
  const day = Number(isoDate.slice(8, 10));
  return Date.UTC(year, month - 1, day) / millisPerDay;
}
