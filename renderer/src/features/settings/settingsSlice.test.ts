import { describe, expect, it } from 'vitest';
import { create } from 'zustand';
import { createSettingsSlice, type SettingsSlice } from './settingsSlice';

describe('the patient-data setting', () => {
  it('starts hidden and is one value for every view that reads it', () => {
    const store = create<SettingsSlice>()((...a) => createSettingsSlice(...a));
    expect(store.getState().showPatientData).toBe(false);
    store.getState().setShowPatientData(true);
    expect(store.getState().showPatientData).toBe(true);
    // A new window (a fresh store) starts hidden again: the choice is never saved.
    expect(
      create<SettingsSlice>()((...a) => createSettingsSlice(...a)).getState().showPatientData,
    ).toBe(false);
  });
});
