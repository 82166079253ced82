// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ModelContract } from './ModelContract';

afterEach(cleanup);

describe('ModelContract', () => {
  it('opens the bundled docs/MODEL-CONTRACT.md in place', () => {
    const { container } = render(<ModelContract />);
    const summary = screen.getByText('Model folder contract (docs/MODEL-CONTRACT.md)');
    const details = container.querySelector('details');
    expect(details?.open).toBe(false);
    fireEvent.click(summary);
    expect(details?.open).toBe(true);
    const text = screen.getByLabelText('Model folder contract').textContent ?? '';
    expect(text.startsWith('# Model folder contract')).toBe(true);
    expect(text).toContain('## Sessions and tensors');
    expect(text).toContain('onnx/decoder_model_merged');
  });
});
