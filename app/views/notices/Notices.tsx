import { useApp } from '../../store/context';
import { FailureBanner } from './FailureBanner';

/**
 * Messages for the person (e.g. link parameters that were ignored), each dismissible; then, while
 * paused at a failed request, its exception and cause (FailureBanner).
 */
export function Notices() {
  return (
    <>
      <NoticeList />
      <FailureBanner />
    </>
  );
}

function NoticeList() {
  const notices = useApp((s) => s.notices);
  const dismiss = useApp((s) => s.dismissNotice);
  if (notices.length === 0) return null;
  return (
    <div className="notices">
      {notices.map((n) => (
        <div key={n.id} className={`notice notice-${n.tone}`} role="alert" data-testid={`notice-${n.id}`}>
          <div>
            <strong>{n.title}</strong>
            <ul>
              {n.items.map((item) => (
                <li key={item}>{item}</li>
              ))}
            </ul>
          </div>
          <button
            type="button"
            className="notice-close"
            onClick={() => dismiss(n.id)}
            aria-label={`Dismiss: ${n.title}`}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
