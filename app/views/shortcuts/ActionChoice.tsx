/**
 * Buttons that each set one side of an on/off action of the table (Adaptive / Fixed for `A`,
 * Picture / Table for `T`): pressed when theirs is the current side, their tooltip naming the key
 * that toggles ("Fixed speed (A toggles)").
 */
import { type ActionName, titleWithKeys, toggles } from './actions';

export interface ChoiceSide<T extends string> {
  value: T;
  label: string;
  /** The tooltip before the key. */
  title: string;
  testId: string;
}

export function ActionChoice<T extends string>(props: {
  action: ActionName;
  value: T;
  onChoose: (value: T) => void;
  sides: readonly ChoiceSide<T>[];
}) {
  return (
    <>
      {props.sides.map((side) => (
        <button
          key={side.value}
          type="button"
          aria-pressed={props.value === side.value}
          onClick={() => props.onChoose(side.value)}
          title={titleWithKeys(side.title, props.action, toggles)}
          data-testid={side.testId}
        >
          {side.label}
        </button>
      ))}
    </>
  );
}
