// JSON fixtures shared with the Python tests, imported as plain data.
declare module "*.json" {
  const value: unknown;
  export default value;
}
