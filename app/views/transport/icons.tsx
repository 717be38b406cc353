/** Transport icons as inline SVG (icon fonts and media glyphs are missing on many machines). */
export const IconPlay = () => (
  <svg width={14} height={14} viewBox="0 0 14 14" aria-hidden="true" focusable="false">
    <path d="M3 1.5L12 7L3 12.5Z" fill="currentColor" />
  </svg>
);

export const IconPause = () => (
  <svg width={14} height={14} viewBox="0 0 14 14" aria-hidden="true" focusable="false">
    <rect x="2.5" y="1.5" width="3.2" height="11" fill="currentColor" />
    <rect x="8.3" y="1.5" width="3.2" height="11" fill="currentColor" />
  </svg>
);

export const IconStepBack = () => (
  <svg width={14} height={14} viewBox="0 0 14 14" aria-hidden="true" focusable="false">
    <rect x="1.5" y="2" width="2.2" height="10" fill="currentColor" />
    <path d="M12.5 2L5 7L12.5 12Z" fill="currentColor" />
  </svg>
);

export const IconStepForward = () => (
  <svg width={14} height={14} viewBox="0 0 14 14" aria-hidden="true" focusable="false">
    <path d="M1.5 2L9 7L1.5 12Z" fill="currentColor" />
    <rect x="10.3" y="2" width="2.2" height="10" fill="currentColor" />
  </svg>
);

/** A failure marker (the scrub bar's red triangle) with an arrow. */
export const IconFailure = ({ direction }: { direction: 'prev' | 'next' }) => (
  <svg width={22} height={14} viewBox="0 0 22 14" aria-hidden="true" focusable="false">
    {direction === 'prev' ? (
      <>
        <path d="M7 2L1 7L7 12Z" fill="currentColor" />
        <path d="M10 3H20L15 11Z" fill="#c8231b" />
      </>
    ) : (
      <>
        <path d="M2 3H12L7 11Z" fill="#c8231b" />
        <path d="M15 2L21 7L15 12Z" fill="currentColor" />
      </>
    )}
  </svg>
);
