import { describe, expect, it } from 'vitest';
import { directionLetters, orientationMarkers } from './orientationMarkers';

const still = { rotation: 0, hflip: false, vflip: false };

describe('orientationMarkers', () => {
  it('puts the patient’s left on the right of an axial image and anterior on top', () => {
    expect(orientationMarkers([1, 0, 0, 0, 1, 0], still)).toEqual({
      top: 'A',
      right: 'L',
      bottom: 'P',
      left: 'R',
    });
  });

  it('reads head at the top of a coronal image and a sagittal image', () => {
    expect(orientationMarkers([1, 0, 0, 0, 0, -1], still)).toMatchObject({ top: 'H', right: 'L' });
    expect(orientationMarkers([0, 1, 0, 0, 0, -1], still)).toMatchObject({ top: 'H', right: 'P' });
  });

  it('moves the letters with a clockwise rotation and with flips', () => {
    const axial = [1, 0, 0, 0, 1, 0];
    expect(orientationMarkers(axial, { ...still, rotation: 90 })).toEqual({
      top: 'R',
      right: 'A',
      bottom: 'L',
      left: 'P',
    });
    expect(orientationMarkers(axial, { ...still, hflip: true })).toMatchObject({
      right: 'R',
      left: 'L',
      top: 'A',
    });
    expect(orientationMarkers(axial, { ...still, vflip: true })).toMatchObject({
      top: 'P',
      bottom: 'A',
      right: 'L',
    });
  });

  it('names an oblique direction by its two strongest axes and refuses a malformed value', () => {
    expect(directionLetters([0.8, -0.6, 0])).toBe('LA');
    expect(orientationMarkers([1, 0, 0], still)).toBeUndefined();
  });
});
