/**
 * Hand-written step → passage pairs for the citation linker: each step and
 * the passage a clinician would cite for it, or null where no guideline
 * passage supports the step (the linker must then cite nothing).
 */
export const LINK_CASES: { specialty: string; step: string; expect: string | null }[] = [
  {
    specialty: 'adult-medicine',
    step: 'The solitary solid nodule measures 7 mm and the patient has never smoked, so this is low risk; CT at 6 to 12 months is advised.',
    expect: 'fleischner-2017#solid-6-8mm',
  },
  {
    specialty: 'adult-medicine',
    step: 'A 12 mm solid pulmonary nodule should be assessed with CT at 3 months, PET/CT or biopsy.',
    expect: 'fleischner-2017#solid-over-8mm',
  },
  {
    specialty: 'adult-medicine',
    step: 'There is a pure GGN of 8 mm; it needs follow-up CT to confirm persistence and then every 2 years.',
    expect: 'fleischner-2017#ground-glass-single',
  },
  {
    specialty: 'adult-medicine',
    step: 'Part-solid nodule whose solid component is 7 mm: highly suspicious.',
    expect: 'fleischner-2017#part-solid-single',
  },
  {
    specialty: 'adult-medicine',
    step: 'A lentiform nodule abutting the fissure is most likely an intrapulmonary lymph node.',
    expect: 'fleischner-2017#perifissural',
  },
  {
    specialty: 'adult-medicine',
    step: 'Heavy smoker with emphysema: high risk for malignancy.',
    expect: 'fleischner-2017#risk-assessment',
  },
  {
    specialty: 'adult-medicine',
    step: 'In this cirrhotic liver, the 15 mm observation shows nonrim APHE and nonperipheral washout, which makes it LR-5, i.e. HCC.',
    expect: 'li-rads-2018#lr5-criteria',
  },
  {
    specialty: 'adult-medicine',
    step: 'The lesion has rim arterial enhancement and a targetoid appearance, so LR-M; cholangiocarcinoma must be considered.',
    expect: 'li-rads-2018#lrm-features',
  },
  {
    specialty: 'adult-medicine',
    step: 'Enhancing soft tissue fills the portal vein: tumour in vein.',
    expect: 'li-rads-2018#tumor-in-vein',
  },
  {
    specialty: 'adult-medicine',
    step: 'The hepatocellular carcinoma risk population includes chronic hepatitis B even without cirrhosis.',
    expect: 'li-rads-2018#population',
  },
  {
    specialty: 'adult-medicine',
    step: 'The renal cyst has a smoothly thickened 3 mm enhancing wall: Bosniak IIF, which needs follow-up imaging.',
    expect: 'bosniak-2019#class-2f',
  },
  {
    specialty: 'adult-medicine',
    step: 'An enhancing nodule with acute margins protrudes into the cystic kidney mass, i.e. Bosniak IV.',
    expect: 'bosniak-2019#class-4',
  },
  {
    specialty: 'adult-medicine',
    step: 'The thyroid nodule is very hypoechoic.',
    expect: 'acr-ti-rads-2017#echogenicity',
  },
  {
    specialty: 'adult-medicine',
    step: 'With 8 points this is TR5; FNA is recommended if it is 1 cm or larger.',
    expect: 'acr-ti-rads-2017#fna-thresholds',
  },
  {
    specialty: 'adult-medicine',
    step: 'The adrenal nodule measures 8 HU on unenhanced CT, which means a lipid-rich adenoma.',
    expect: 'acr-adrenal-2017#benign-features',
  },
  {
    specialty: 'adult-medicine',
    step: 'Absolute washout is 65%, above the 60% threshold for an adenoma.',
    expect: 'acr-adrenal-2017#washout',
  },
  {
    specialty: 'brain-senses',
    step: 'There are microaneurysms only, so this is mild NPDR.',
    expect: 'icdr-2003#mild-npdr',
  },
  {
    specialty: 'brain-senses',
    step: 'More than 20 intraretinal haemorrhages in all four quadrants meets the 4-2-1 rule for severe nonproliferative DR.',
    expect: 'icdr-2003#severe-npdr',
  },
  {
    specialty: 'brain-senses',
    step: 'Neovascularization of the disc with preretinal hemorrhage indicates proliferative diabetic retinopathy.',
    expect: 'icdr-2003#pdr',
  },
  {
    specialty: 'brain-senses',
    step: 'Hard exudates involve the centre of the macula: centre-involving diabetic macular oedema.',
    expect: 'icdr-2003#dme-scale',
  },
  {
    specialty: 'brain-senses',
    step: 'Hypoattenuation with loss of grey-white differentiation in the insular ribbon and lentiform nucleus subtracts two points.',
    expect: 'aspects#early-ischemic-change',
  },
  {
    specialty: 'brain-senses',
    step: 'An ASPECTS of 5 reflects a large established infarct, and a score of 7 or less predicts poor outcome.',
    expect: 'aspects#interpretation',
  },
  {
    specialty: 'brain-senses',
    step: 'The CT shows an intracerebral hemorrhage, so IV alteplase is contraindicated.',
    expect: 'aha-asa-stroke-2019#hemorrhage-exclusion',
  },
  {
    specialty: 'brain-senses',
    step: 'M1 occlusion, NIHSS 14, ASPECTS 8 and onset 3 hours ago: mechanical thrombectomy is indicated.',
    expect: 'aha-asa-stroke-2019#thrombectomy-0-6h',
  },
  {
    specialty: 'brain-senses',
    step: 'The patient woke up with symptoms; a DWI-FLAIR mismatch on MRI supports thrombolysis.',
    expect: 'aha-asa-stroke-2019#wake-up-mri',
  },
  {
    specialty: 'brain-senses',
    step: 'Periventricular hyperintensity forms a smooth halo.',
    expect: 'fazekas-1987#periventricular',
  },
  {
    specialty: 'brain-senses',
    step: 'Large confluent deep white matter hyperintensities correspond to Fazekas grade 3.',
    expect: 'fazekas-1987#deep-white-matter',
  },
  {
    specialty: 'pediatrics',
    step: 'The fracture line crosses the physis and exits through the metaphysis with a Thurston Holland fragment: Salter-Harris type II.',
    expect: 'salter-harris#type-2',
  },
  {
    specialty: 'pediatrics',
    step: 'The fracture extends through the epiphysis into the joint, an intra-articular Salter–Harris III injury.',
    expect: 'salter-harris#type-3',
  },
  {
    specialty: 'pediatrics',
    step: 'A 14-month-old with a palpable skull fracture after a fall needs head CT.',
    expect: 'pecarn-head-2009#under-2-high-risk',
  },
  {
    specialty: 'pediatrics',
    step: 'Signs of basilar skull fracture such as raccoon eyes and haemotympanum in a 9 year old mean CT is recommended.',
    expect: 'pecarn-head-2009#over-2-high-risk',
  },
  {
    specialty: 'pediatrics',
    step: 'The alpha angle is 55 degrees in a 6-week-old, a physiologically immature type IIa hip.',
    expect: 'graf-hip-ultrasound#type-2a-2b',
  },
  {
    specialty: 'oncology-surgery',
    step: 'At baseline screening the solid nodule is 7 mm, Lung-RADS category 3 with LDCT in 6 months.',
    expect: 'lung-rads-2022#category-3',
  },
  {
    specialty: 'oncology-surgery',
    step: 'A new 9 mm solid nodule on the screening LDCT is Lung-RADS 4B.',
    expect: 'lung-rads-2022#category-4b',
  },
  {
    specialty: 'oncology-surgery',
    step: 'The peripheral zone lesion is focal and markedly hypointense on ADC and markedly hyperintense at high b-value, 1.2 cm: DWI score 4.',
    expect: 'pi-rads-2.1#pz-dwi',
  },
  {
    specialty: 'oncology-surgery',
    step: 'Because DCE is positive, the DWI 3 peripheral zone lesion is upgraded to PI-RADS 4.',
    expect: 'pi-rads-2.1#pz-dce-upgrade',
  },
  {
    specialty: 'oncology-surgery',
    step: 'The sum of diameters of the target lesions fell by 40% from baseline, a partial response.',
    expect: 'recist-1.1#partial-response',
  },
  {
    specialty: 'oncology-surgery',
    step: 'A new liver metastasis appeared, which is progressive disease regardless of the target lesions.',
    expect: 'recist-1.1#progressive-disease',
  },
  {
    specialty: 'oncology-surgery',
    step: 'The lymph node has a short axis of 17 mm, so it is a measurable malignant node.',
    expect: 'recist-1.1#measurable',
  },
  {
    specialty: 'oncology-surgery',
    step: 'The mole has grown and changed colour over three months, and it now itches.',
    expect: 'abcde-melanoma#evolving',
  },
  {
    specialty: 'oncology-surgery',
    step: 'This mole looks different from all the others on his back: an ugly duckling.',
    expect: 'abcde-melanoma#ugly-duckling',
  },
  // Steps a guideline cannot support: generic reasoning, image description, administrative text.
  { specialty: 'adult-medicine', step: 'Let me look at the image carefully.', expect: null },
  { specialty: 'adult-medicine', step: 'The image is an axial slice.', expect: null },
  { specialty: 'adult-medicine', step: 'Therefore, the correct option is B.', expect: null },
  { specialty: 'adult-medicine', step: 'I will now compare the options one by one.', expect: null },
  {
    specialty: 'brain-senses',
    step: 'The picture quality is good and the exposure is adequate.',
    expect: null,
  },
  { specialty: 'brain-senses', step: 'Hmm, wait, let me reconsider that.', expect: null },
  { specialty: 'pediatrics', step: 'The child was brought in by her grandmother.', expect: null },
  {
    specialty: 'oncology-surgery',
    step: 'This question tests knowledge of radiology.',
    expect: null,
  },
  {
    specialty: 'oncology-surgery',
    step: 'The weather was cold on the day of the examination.',
    expect: null,
  },
  {
    specialty: 'adult-medicine',
    step: 'Both lungs are clear and the heart size is normal.',
    expect: null,
  },
];
