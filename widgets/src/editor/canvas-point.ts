// Page (client) coordinates to the canvas' own pixels, read from where the
// canvas is now, never from a kept rectangle; a CSS zoom or transform on an
// ancestor scales the canvas, and the pointer must be scaled back.

export function canvasPoint(canvas: HTMLElement, clientX: number, clientY: number): { x: number; y: number } {
  const r = canvas.getBoundingClientRect();
  const sx = canvas.offsetWidth ? r.width / canvas.offsetWidth : 1;
  const sy = canvas.offsetHeight ? r.height / canvas.offsetHeight : 1;
  return { x: (clientX - r.left - canvas.clientLeft * sx) / sx, y: (clientY - r.top - canvas.clientTop * sy) / sy };
}
