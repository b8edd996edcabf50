/** exceljs's browser bundle has the same API as its main entry, without type declarations of its own. */
declare module 'exceljs/dist/exceljs.bare.min.js' {
  import ExcelJS from 'exceljs';
  export default ExcelJS;
}
