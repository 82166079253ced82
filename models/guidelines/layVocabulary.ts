/**
 * Everyday words a clinician uses with patients and relatives, each with the
 * medical terms the packs use for the same thing: "a clot in the lung" is a
 * pulmonary embolism, "the dye" is contrast, "a bleed" is a haemorrhage.
 * Packs are written in clinical words, so a plainly worded step ("the small
 * spot in your lung is 7 mm") shared almost nothing with the passage that
 * supports it. A lay phrase adds the search terms of its medical words
 * (analysed like any text), beside its own words, never replacing them.
 *
 * Keys are the medical words; values the lay phrases (lower case, US
 * spelling). Only phrases whose everyday sense is the medical one in a
 * clinical text are listed: "growth" is left out (it means a change in size
 * in "no growth over two years"), "not cancer" too (its "not" would negate).
 */
export const LAY_VOCABULARY: Record<string, string[]> = {
  'nodule mass lesion': ['spot', 'spots', 'lump', 'lumps', 'little lump', 'small lump'],
  'pulmonary embolism': [
    'clot in the lung',
    'clot in the lungs',
    'clot in your lung',
    'clot in your lungs',
    'clot on the lung',
    'clots in the lungs',
    'lung clot',
  ],
  'deep vein thrombosis dvt': [
    'clot in the leg',
    'clot in your leg',
    'clot in the calf',
    'leg clot',
    'blood clot in the leg',
  ],
  anticoagulants: ['blood thinner', 'blood thinners', 'blood thinning'],
  'thrombolysis alteplase': ['clot busting', 'clot buster', 'clot busters', 'clot dissolving'],
  thrombectomy: ['clot removal', 'removing the clot', 'pull the clot out'],
  occlusion: ['blockage', 'blockages', 'blocked'],
  'hemorrhage bleeding': ['bleed', 'bleeds'],
  'subarachnoid hemorrhage': [
    'bleed around the brain',
    'bleeding around the brain',
    'bleed on the surface of the brain',
  ],
  intraventricular: ['fluid chambers', 'fluid spaces of the brain'],
  aneurysm: ['ballooning of the artery', 'bulge in the artery', 'weak spot in the artery'],
  fracture: ['break', 'broken', 'broken bone', 'crack', 'cracked', 'cracked bone'],
  'skull fracture': ['crack in the skull', 'dip in the skull', 'dent in the skull'],
  hematoma: ['bump', 'bruise', 'bruising', 'collection of blood', 'pool of blood', 'goose egg'],
  laceration: ['tear', 'tears', 'torn', 'split', 'nick'],
  contrast: ['dye', 'contrast dye', 'x ray dye'],
  enhancement: [
    'light up',
    'lights up',
    'lit up',
    'lighting up',
    'take up the dye',
    'takes up the dye',
    'picks up the dye',
    'soaks up the dye',
    'soak up the dye',
  ],
  'cyst cystic': ['fluid filled', 'fluid bubble', 'bubble of fluid', 'blister'],
  benign: ['harmless', 'noncancerous'],
  'malignant malignancy': ['cancerous'],
  metastasis: ['has spread', 'cancer spread', 'spread of the cancer', 'secondaries'],
  necrosis: ['dead tissue', 'tissue death', 'dying tissue'],
  pancreatitis: ['inflamed pancreas', 'inflammation of the pancreas'],
  pneumonia: ['chest infection', 'lung infection'],
  haemoptysis: ['coughing up blood', 'coughed up blood', 'cough up blood'],
  vomiting: ['being sick', 'threw up', 'throwing up', 'thrown up', 'throw up'],
  tenderness: ['sore to touch', 'sore when pressed', 'hurts when pressed', 'painful to touch'],
  'loss of consciousness': ['knocked out', 'knocked unconscious', 'out cold'],
  'bear weight': ['put weight on', 'stand on it', 'walk on it'],
  fever: ['high temperature', 'raised temperature'],
  'heart rate': ['pulse rate', 'racing heart', 'fast pulse', 'racing pulse'],
  'respiratory rate': ['breathing rate', 'breaths a minute'],
  'femoral head': ['ball of the hip', 'ball of the thigh bone'],
  femur: ['thigh bone', 'thighbone'],
  'cervical spine': ['neck bones', 'neck bone', 'bones of the neck'],
  patella: ['kneecap', 'knee cap'],
  malleolus: ['ankle bone', 'ankle bones', 'knobbly bone of the ankle'],
  osteoarthritis: ['wear and tear'],
  osteophytes: ['bone spurs', 'bony spurs', 'spurs'],
  'joint space': ['gap in the joint', 'space in the joint'],
  calcification: ['calcium deposits', 'specks of calcium', 'flecks of calcium', 'chalky'],
  'retina retinal': ['back of the eye', 'back of your eye', 'back of her eye', 'back of his eye'],
  thyroid: ['gland in the neck', 'gland in your neck', 'neck gland'],
  'lymph node': ['lymph gland', 'lymph glands', 'glands in the neck'],
  biopsy: ['tissue sample', 'sample of tissue', 'needle sample', 'needle test'],
  'follow up': ['repeat scan', 'check scan', 'another scan', 'scan again', 'repeat ct'],
  mri: ['tunnel scan', 'scan with the tunnel', 'magnet scan'],
  ultrasound: ['jelly scan', 'jelly ultrasound'],
  mammography: ['breast x ray', 'breast xray'],
  premature: ['born early', 'born too early'],
  'transient ischemic attack': ['mini stroke', 'ministroke', 'warning stroke'],
  attenuation: ['density number', 'density scale'],
  physis: ['growth plate'],
  'white matter': ['wiring of the brain', 'wiring in the brain', 'brain wiring'],
  'diffusion weighted': ['water movement pictures', 'water movement images'],
  'lumbar puncture': ['spinal tap'],
  'vitreous hemorrhage': ['bleeding into the jelly of the eye', 'bleed into the jelly of the eye'],
  neovascularization: ['new vessels growing', 'new blood vessels growing', 'fragile new vessels'],
  microaneurysms: ['tiny bulges in the small blood vessels', 'tiny bulges in the blood vessels'],
  // Clinical phrases that hold a lay word ("spot"), read as their own words.
  'spot compression': ['spot compression', 'spot view', 'spot views', 'spot magnification'],
  'blind spot': ['blind spot'],
  'hot spot': ['hot spot', 'hot spots'],
};
