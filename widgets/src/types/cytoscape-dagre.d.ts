declare module "cytoscape-dagre" {
  const extension: (cy: typeof import("cytoscape")) => void;
  export default extension;
}
