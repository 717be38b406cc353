/**
 * Stories for the inspector and the story card: what happened to one request, connection or
 * segment, as plain sentences with times read from the trace and from the connections' facts.
 * The entry the views import; the stories live in requestStory.ts and connectionStory.ts.
 */

export {
  type ConnectionAt,
  type ConnectionStory,
  connectionAt,
  connectionStory,
  type SegmentStory,
  segmentStory,
} from './connectionStory';
export type { SegmentFacts } from './connFacts';
export { formatInstant } from './duration';
export { type AttemptStory, type RequestStory, requestStory } from './requestStory';
export { decimalsFor, type EntityRef, plainCause, type StoryLine, type Tone } from './storyParts';
