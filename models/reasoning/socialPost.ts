// Teaching threads on social media number their posts ("7/"), decorate them (✅ 🔥 👀), tag
// them (#MedEd, h/t @someone) and open with a post that announces the topic ("1/ Lung-RADS
// thread 🧵"). None of that is clinical content; left in, the number hid an answer post's
// letter ("7/ C ✅ O-RADS 4") from the answer rules, and tags counted against support.

// "7/ " or "7/ 🧵": a post's number leading the step (not a fraction, "3/10 pain").
const POST_NUMBER = /^(\W*)\d{1,2}\/(?=\s)/u;
// Pictographs, their joiners, variation selectors and skin tones; 🧵 (U+1F9F5) stays, as it
// marks the thread's opening post.
const DECORATION =
  /(?!\u{1F9F5})(?:\p{Extended_Pictographic}|[\u{1F3FB}-\u{1F3FF}]|\u200d|\ufe0f)/gu;
// A tick before more text becomes one ✓: it marks a post's answer ("7/ C ✅ PI-RADS 4"), which
// the answer rules read (models/reasoning/linkCitations.ts), and is no search term. A closing
// tick ("Moderate it is — B ✅") goes with the other pictographs.
const TICK = /[\u2705\u2714\u2611]\ufe0f?(?=\s*[^\s\p{Extended_Pictographic}])/gu;
// A hashtag or a mention, not "#2" or a guideline reference (those are bracketed).
const TAG = /(^|\s)[#@][A-Za-z][\w.-]*/g;

/** The step without its post number, pictographs (ticks become ✓), hashtags and mentions. */
export const withoutPostDecorations = (text: string): string =>
  text
    .replace(POST_NUMBER, '$1')
    .replace(TICK, '\u2713')
    .replace(DECORATION, ' ')
    .replace(TAG, '$1')
    .replace(/ {2,}/g, ' ');

// The thread's opening post announces its topic; all 34 of the training halves expect none.
const THREAD_OPENER = /\u{1F9F5}/u;
// "Poll: A) LR-3 B) LR-4 C) LR-5": a step listing three or more options restates the
// question's choices; all 35 of the training halves expect none.
const OPTION_LIST = /(?:(?:^|[\s(])[A-H]\)[^)]*){3,}/;

/** A thread's opening post, or a step that lists the question's options. */
export const announcesOrLists = (text: string): boolean =>
  THREAD_OPENER.test(text) || OPTION_LIST.test(text);
