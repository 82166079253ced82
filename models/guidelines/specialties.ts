// The specialty ids are defined once, in the contract (the renderer and the
// dataset schema need them too); this module only forwards them.
export {
  SPECIALTIES,
  SPECIALTY_TITLES,
  isSpecialty,
  type Specialty,
} from '../../electron/common/schemas/specialties';
