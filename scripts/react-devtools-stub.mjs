// Stand-in for react-devtools-core in the CLI bundle: Ink imports it only when DEV=true.
export default { initialize() {}, connectToDevTools() {} };
