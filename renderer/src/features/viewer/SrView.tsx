import type { SrDocument, SrNode } from '../../../../models/dicom/index';

const RELATIONSHIP_LABELS: Record<string, string> = {
  CONTAINS: '',
  'HAS PROPERTIES': 'property',
  'HAS OBS CONTEXT': 'context',
  'HAS ACQ CONTEXT': 'acquisition',
  'HAS CONCEPT MOD': 'modifier',
  'INFERRED FROM': 'inferred from',
  'SELECTED FROM': 'selected from',
};

function Node({ node }: { node: SrNode }) {
  const relation = node.relationship ? RELATIONSHIP_LABELS[node.relationship] : undefined;
  const label = (
    <>
      {relation ? <span className="sr-relation">{relation}</span> : null}
      <span className="sr-concept">
        {node.concept ?? node.valueType}
        {node.value ? ':' : ''}
      </span>
      {node.value ? <span className="sr-value"> {node.value}</span> : null}
    </>
  );
  if (node.children.length === 0) return <li data-value-type={node.valueType}>{label}</li>;
  return (
    <li data-value-type={node.valueType}>
      {label}
      <ul>
        {node.children.map((child, i) => (
          <Node key={i} node={child} />
        ))}
      </ul>
    </li>
  );
}

/** A DICOM Structured Report as its content tree: headings for containers, each value beside its concept. */
export function SrView({ name, document }: { name: string; document: SrDocument }) {
  return (
    <article
      className="sr-view"
      data-state="ready"
      data-testid="sr-view"
      aria-labelledby="sr-title"
    >
      <h3 id="sr-title">{document.title}</h3>
      <p className="sr-meta">
        {name} · {document.sopClassName}
        {document.completion ? ` · ${document.completion.toLowerCase()}` : ''}
        {document.verification ? ` · ${document.verification.toLowerCase()}` : ''}
      </p>
      <ul aria-label={`Content of ${document.title}`} data-testid="sr-tree">
        {document.root.children.map((child, i) => (
          <Node key={i} node={child} />
        ))}
      </ul>
    </article>
  );
}
