// `npm start`: the booth in Electron when its runtime is installed, otherwise the same app in browser-kiosk mode.
// Filled in by the booth foundation work.
console.log('ParkPass Booth: not wired yet');
