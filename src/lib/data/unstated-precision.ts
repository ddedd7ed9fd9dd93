// A position whose file does not say how precise it is: what the import gives it, and how the panel knows it. A module of its own, out of the page's main bundle.
/** The smallest radius the app draws: used where a file does not say how precise a position is, and the note says so. */
export const UNKNOWN_RADIUS_M = 1;

/** The note on a position whose file says nothing of its precision: the panel then shows no radius, which would read as a precision. */
export const PRECISION_NOT_STATED = `Coordinates as given in the file; precision not stated in the file (the ${UNKNOWN_RADIUS_M} m circle is a placeholder, not a precision).`;

/**
 * Whether a position's radius is the placeholder of a file that did not state one: its note
 * is the one the import gives it. The one test the panel and every export ask, so that no
 * writer puts the placeholder down as a precision ("1 m") beside a note saying it is none.
 */
export const precisionUnstated = (location: { note: string }): boolean => location.note === PRECISION_NOT_STATED;
