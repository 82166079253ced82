// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../bridge/api', () => ({ api: {} }));
const { useAppStore } = await import('../../store/store');
const { CalculatorPanel } = await import('./CalculatorPanel');

afterEach(cleanup);

const choose = (label: string, value: string) =>
  fireEvent.change(screen.getByLabelText(label), { target: { value } });

describe('CalculatorPanel', () => {
  it('computes Lung-RADS from the chosen inputs, says what is missing first, and opens the cited passage', () => {
    const openCitation = vi.fn(async () => {});
    useAppStore.setState({ openCitation });
    render(<CalculatorPanel />);
    choose('Calculator', 'lung-rads');
    choose('finding', 'part-solid');
    choose('scan', 'baseline');
    choose('mean diameter (mm)', '12');
    expect(screen.getByTestId('calculator-needs').textContent).toMatch(/solid component/);
    choose('solid part (mm)', '8');
    const result = screen.getByTestId('calculator-result');
    expect(result.textContent).toMatch(/^Lung-RADS 4B: diagnostic chest CT/);
    fireEvent.click(within(result).getByRole('button', { name: '[lung-rads-2022#category-4b]' }));
    expect(openCitation).toHaveBeenCalledWith('lung-rads-2022', 'category-4b');
  });

  it('keeps each calculator’s inputs when switching between pages, and takes several echogenic foci', () => {
    render(<CalculatorPanel />);
    choose('Calculator', 'ti-rads');
    choose('composition', 'solid');
    choose('echogenicity', 'hypoechoic');
    choose('shape', 'wider-than-tall');
    choose('margin', 'smooth');
    fireEvent.click(screen.getByLabelText('macro'));
    fireEvent.click(screen.getByLabelText('punctate'));
    choose('maximum diameter (mm)', '9');
    expect(screen.getByTestId('calculator-result').textContent).toMatch(
      /^TR5, 0.9 cm: ultrasound follow-up/,
    );
    choose('Calculator', 'bosniak');
    expect(screen.getByTestId('calculator-needs').textContent).toMatch(/modality/);
    choose('Calculator', 'ti-rads');
    expect(screen.getByTestId('calculator-result').textContent).toMatch(/^TR5/);
  });
});
