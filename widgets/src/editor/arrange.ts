/** "Arrange": top-to-bottom layered positions for the nodes on the canvas.
 * dagre (fewer crossings) for graphs up to DAGRE_LIMIT nodes; our linear
 * layered layout beyond that, or if dagre fails. */
import cytoscape, { type Core } from "cytoscape";
import dagre from "cytoscape-dagre";
import { layeredPositions } from "./layered-layout";

cytoscape.use(dagre);

export const DAGRE_LIMIT = 800;

export function arrangedPositions(cy: Core): Map<string, [number, number]> {
  const positions = new Map<string, [number, number]>();
  if (cy.nodes().length <= DAGRE_LIMIT) {
    try {
      const options = {
        name: "dagre",
        rankDir: "TB",
        nodeSep: 40,
        rankSep: 60,
        edgeSep: 10,
        animate: false,
        fit: false,
      };
      cy.layout(options).run();
      cy.nodes().forEach((n) => {
        const p = n.position();
        positions.set(n.id(), [p.x, p.y]);
      });
      return positions;
    } catch {
      // dagre gave up (deep graphs overflow its recursion): fall through
    }
  }
  const edges = cy.edges().map((e) => ({ source: e.source().id(), target: e.target().id() }));
  return layeredPositions(
    cy.nodes().map((n) => n.id()),
    edges,
  );
}
